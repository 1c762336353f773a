/**
 * A template whose values read its parameters and mappings every way resolution follows
 * (template/resolve.ts), for the tests of declared reads (test/core/engine-reads.test.ts,
 * test/lsp/verify-incremental.test.ts).
 */
/** Parameters naming each other, mappings by name and by expression, Sub with variables, lists. */
export const READING = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Description: reads
Parameters:
  Stage:
    Type: String
    Default: prod
  Prefix:
    Type: String
    Default: !Sub app-\${Stage}
  Accounts:
    Type: CommaDelimitedList
    Default: "111111111111,222222222222"
Mappings:
  Env:
    prod:
      Bucket: prod-bucket
    dev:
      Bucket: dev-bucket
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      Auth:
        DefaultAuthorizer: AWS_IAM
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: !Sub /\${Stage}/items
            Method: get
      Policies:
        - S3ReadPolicy:
            BucketName: !FindInMap [Env, !Ref Stage, Bucket]
        - Statement:
            - Effect: Allow
              Action: !Sub s3:\${Prefix}
              Resource:
                - !Sub
                  - arn:aws:s3:::\${B}/*
                  - B: !FindInMap [Env, prod, Bucket]
                - !Join ["", ["arn:aws:s3:::", !Select [0, !Ref Accounts]]]
  Caller:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/\${Stage}/GET/*
`;
