/**
 * Templates more than one test file needs: kept here once, so the tests that compare the
 * same behaviour through the core and through the server read the same text.
 */

/** The execute-api ARN of STALE_GRANT that matches no method. */
export const STALE_ARN = 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/cats';

/**
 * An IAM-authorised `GET /pets` and a role granting it, plus a second ARN that matches no
 * method (`apigw/invoke-unmatched`, a cross-file rule).
 */
export const STALE_GRANT = `Description: one
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: a }
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets }
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: GET, AuthorizationType: AWS_IAM }
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource:
                  - !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/pets"
                  - !Sub "${STALE_ARN}"
`;

/** A REST API with one IAM-authorised method, `GET /pets`, and nothing that grants it. */
export const PETS_API = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: pets}}
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets}
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: GET, AuthorizationType: AWS_IAM}
`;

/** A REST API `orders` with IAM-authorised `GET /orders` and `POST /orders` (the access assertion tests). */
export const ORDERS_API = `Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: orders}}
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders}
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Orders, HttpMethod: GET, AuthorizationType: AWS_IAM}
  PostOrders:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Orders, HttpMethod: POST, AuthorizationType: AWS_IAM}
`;

/** A template whose ReaderRole grants `verb` on /orders of any API. */
export const readerRole = (verb: string): string => `Resources:
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: arn:aws:execute-api:*:*:*/*/${verb}/orders
`;

